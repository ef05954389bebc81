/**
 * Every @mui/icons-material icon imports '@mui/material/SvgIcon'. A deep path is not the shared
 * '@mui/material' singleton, so each icon user got a second copy of MUI's styling core (~20 KB
 * gzip on the first screen, and a second theme context in remotes). webpack.base.cjs aliases that
 * path to this file, which takes SvgIcon from the shared package root instead.
 */
export { SvgIcon as default, createSvgIcon, svgIconClasses, getSvgIconUtilityClass } from '@mui/material';
