import { useEffect, useState } from 'react';

/**
 * Client-side navigation without a router library: pushState + a popstate event, which is what
 * single-spa listens to (it mounts/unmounts module UIs) and what `useLocationPath` re-renders on.
 */
export function navigate(path: string, replace = false): void {
  if (path === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate', { state: null }));
}

export function useLocationPath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return path;
}

/** Props for a link that navigates without a full page load but still works with middle-click. */
export function linkProps(path: string) {
  return {
    href: path,
    onClick: (e: { preventDefault(): void; metaKey?: boolean; ctrlKey?: boolean; button?: number }) => {
      if (e.metaKey || e.ctrlKey || (e.button ?? 0) !== 0) return;
      e.preventDefault();
      navigate(path);
    },
  };
}
