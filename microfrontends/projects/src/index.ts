// The remote has no page of its own: the shell loads ./App through remoteEntry.js.
export {};
