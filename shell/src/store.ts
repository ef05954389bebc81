import { configureStore } from '@reduxjs/toolkit';
import { baseApi } from '@workcloud/shared-ui/core';

/** The page's one Redux store; module UIs render inside it (passed to them as customProps). */
export function createStore() {
  return configureStore({
    reducer: { [baseApi.reducerPath]: baseApi.reducer },
    middleware: (getDefault) => getDefault().concat(baseApi.middleware),
  });
}
export type AppStore = ReturnType<typeof createStore>;
