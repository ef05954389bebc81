/**
 * The icons module UIs use, re-exported from here on purpose: an icon imports
 * '@mui/material/SvgIcon', and a remote importing icons itself would bundle a second copy of
 * MUI's styling core. Through shared-ui (a federation singleton) the shell's copy is used.
 * Need another icon in a module? Add it here.
 */
export { default as AddIcon } from '@mui/icons-material/Add';
export { default as AddBusinessIcon } from '@mui/icons-material/AddBusiness';
export { default as ContentCopyIcon } from '@mui/icons-material/ContentCopy';
export { default as LockIcon } from '@mui/icons-material/LockOutlined';
export { default as PersonAddIcon } from '@mui/icons-material/PersonAddAlt1';
export { default as SearchIcon } from '@mui/icons-material/Search';
