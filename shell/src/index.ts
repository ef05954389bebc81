// An async boundary: Module Federation must negotiate the shared singletons (React, MUI…)
// before any of them is imported.
import('./bootstrap');
