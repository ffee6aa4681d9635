import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Page } from '../api/types';
import { Pager } from './Pager';
import { QueryState } from './QueryState';
import { useFilterParams } from './useFilterParams';

/** One column of a list table: its header and how a row fills its cell. */
export interface ListColumn<T> {
  /** Unique within the table (React key). */
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
}

/**
 * A paged list page (projects, incidents): heading with its actions, intro, a filter form, then the table of
 * the current page with a pager, or the empty text. Loading and errors through QueryState.
 */
export function ListPage<T>({
  title,
  actions,
  intro,
  filters,
  query,
  empty,
  caption,
  columns,
  rowKey,
  onPage,
}: {
  title: string;
  /** Next to the heading, e.g. the link to create one. */
  actions?: ReactNode;
  intro: ReactNode;
  /** The filter fields (e.g. SelectFilter); they apply as they change, the form is never submitted. */
  filters: ReactNode;
  query: UseQueryResult<Page<T>>;
  /** Shown instead of the table when the page has no rows. */
  empty: string;
  /** The table's caption for screen readers (visually hidden). */
  caption?: string;
  columns: readonly ListColumn<T>[];
  rowKey: (row: T) => string;
  onPage: (page: number) => void;
}) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        {actions}
      </div>
      <p className="muted">{intro}</p>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        {filters}
      </form>
      <QueryState query={query}>
        {(data) =>
          data.items.length === 0 ? (
            <p className="empty">{empty}</p>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table">
                  {caption && <caption className="visually-hidden">{caption}</caption>}
                  <thead>
                    <tr>
                      {columns.map((column) => (
                        <th key={column.key} scope="col">
                          {column.header}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((row) => (
                      <tr key={rowKey(row)}>
                        {columns.map((column) => (
                          <td key={column.key}>{column.cell(row)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager page={data.page} pageSize={data.pageSize} total={data.total} onPage={onPage} />
            </>
          )
        }
      </QueryState>
    </>
  );
}

/** A select filter whose empty choice means "all". */
export function SelectFilter({
  id,
  label,
  value,
  allLabel,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  allLabel: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A list's status filter and page number, kept in the URL (?status=…&page=…). A status outside `statuses`
 * reads as '' (all); changing it goes back to the first page.
 */
export function useStatusListParams<S extends string>(statuses: readonly S[]) {
  const [params, setParams] = useFilterParams();
  const statusParam = params.get('status') ?? '';
  const status: S | '' = (statuses as readonly string[]).includes(statusParam) ? (statusParam as S) : '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  return {
    status,
    page,
    setStatus: (value: string) => setParams(value ? { status: value } : {}),
    setPage: (p: number) => setParams({ ...(status ? { status } : {}), page: String(p) }),
  };
}
