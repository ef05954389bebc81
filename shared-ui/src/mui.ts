/**
 * The MUI components WorkCloud apps use, and the only way the shell and module UIs get them:
 * `import { Button } from '@workcloud/shared-ui'`, never from '@mui/material'.
 * This file holds the components module pages need; ./mui-core.ts those of the shell's first screen.
 *
 * Why a list: a shared Module Federation library is loaded whole (nothing can know what a remote
 * deployed later will use), and all of @mui/material is ~155 KB gzip — half the shell's budget.
 * Re-exported from this singleton, MUI is still one copy in the page (one theme, one set of
 * default props), but only these components are built in (~110 KB).
 * Need a component that is not here? Add it to this list; the shell's next release carries it.
 * (The check in mui.test.ts refuses direct '@mui/material' imports outside shared-ui.)
 */
export * from './mui-core';
export {
  Autocomplete,
  CardActionArea,
  Checkbox,
  Collapse,
  Container,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  Grid,
  LinearProgress,
  Pagination,
  Radio,
  RadioGroup,
  Select,
  Skeleton,
  Snackbar,
  Switch,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableFooter,
  TableHead,
  TableRow,
  Tabs,
} from '@mui/material';
export type { SelectChangeEvent, TextFieldProps } from '@mui/material';
