/**
 * Shapes of API answers and bodies that the backend produces and a UI reads: written once here, imported by
 * both (`import type`), so a field renamed on the server breaks the UI's build instead of its pages.
 * Types only: nothing here exists at run time.
 */
export type * from './sign-in';
export type * from './edo';
export type * from './billing';
export type * from './bank';
export type * from './owner';
export type * from './engine';
