import { useCallback, useState } from 'react';
import { createSearchParams, useSearchParams, type URLSearchParamsInit } from 'react-router';

/**
 * A page's filters and page number, kept in the URL so that a filtered list can be shared and survives a reload.
 * As useSearchParams, but what was just chosen shows at once: the router moves the URL some milliseconds after
 * the click, and a checkbox or select bound to the URL alone snaps back to its old value in between, then flips.
 * The choice is shown until the URL moves (to it, or elsewhere: back, forward, a link).
 */
export function useFilterParams(): [URLSearchParams, (next: URLSearchParamsInit) => void] {
  const [params, setParams] = useSearchParams();
  const [chosen, setChosen] = useState<{ at: URLSearchParams; next: URLSearchParams } | null>(null);
  const set = useCallback(
    (init: URLSearchParamsInit) => {
      const next = createSearchParams(init);
      setChosen({ at: params, next });
      setParams(next);
    },
    [params, setParams],
  );
  // useSearchParams answers the same object until the URL's query changes.
  return [chosen && chosen.at === params ? chosen.next : params, set];
}
