import { useLocationPath, type ModuleRootProps } from '@workcloud/shared-ui';
import { ForecastPage } from './pages/ForecastPage';
import { MoneyPage } from './pages/MoneyPage';
import { SalesPage } from './pages/SalesPage';
import { StockPage } from './pages/StockPage';

/** /m/analytics/{sales|stock|money|forecast}; the module's home is «Продажи». */
export default function AnalyticsApp({ basePath }: ModuleRootProps) {
  const [section] = useLocationPath().slice(basePath.length).split('/').filter(Boolean);
  if (section === 'stock') return <StockPage />;
  if (section === 'forecast') return <ForecastPage />;
  if (section === 'money') return <MoneyPage />;
  return <SalesPage />;
}
