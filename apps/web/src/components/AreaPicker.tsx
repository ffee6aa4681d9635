import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useState, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { areaName } from '@gotong/domain/region';
import { api } from '../api/client';

/** One area as GET /areas answers it. */
export interface AreaOption {
  code: string;
  name: string;
  level: 'KABUPATEN' | 'KECAMATAN' | 'DESA' | 'KELURAHAN';
  parentCode: string | null;
}

/** What is offered: desa and kelurahan, kecamatan, or both (a data request's areas). */
export type AreaPickerLevel = 'desa' | 'kecamatan' | 'any';

/** At most this many options are listed; typing more narrows them. */
const MAX_OPTIONS = 40;

/** GET /areas for what was typed: by name (?q=), within the one kecamatan of the context when it has one. */
async function findAreas(
  level: AreaPickerLevel,
  within: readonly string[],
  text: string,
  signal: AbortSignal,
): Promise<AreaOption[]> {
  const q = text.trim();
  const kecamatan = level === 'desa' && within.length === 1 ? within[0]! : null;
  let items: AreaOption[];
  if (kecamatan !== null && q.length < 2) {
    items = (await api<{ villages: AreaOption[] }>(`/areas?kecamatan=${kecamatan}`, { signal })).villages;
  } else {
    const query = new URLSearchParams({ q, ...(kecamatan !== null ? { kecamatan } : {}) });
    items = (await api<{ items: AreaOption[] }>(`/areas?${query.toString()}`, { signal })).items;
  }
  return items.filter((a) => {
    if (a.level === 'KECAMATAN') return level !== 'desa';
    if (a.level !== 'DESA' && a.level !== 'KELURAHAN') return false;
    return level !== 'kecamatan' && (within.length === 0 || within.includes(a.parentCode ?? ''));
  });
}

/**
 * Chooses a desa or a kecamatan of the regency: an ARIA 1.2 combobox (an input with a list of suggestions).
 * Typing part of a name searches GET /areas and lists "name — code", narrowed to the context's kecamatan
 * (`withinKecamatan`) when it has them; arrow keys move through the list, Enter or a click chooses, Escape closes
 * it. The value is the kode wilayah: a code typed in full is taken as it is (the validators judge it), and the
 * area's name shows beside the input.
 */
export function AreaPicker({
  id,
  value,
  onChange,
  onBlur,
  level,
  withinKecamatan = [],
  invalid,
  describedBy,
  placeholder,
  inputRef,
  name,
  className,
  onChoose,
}: {
  id: string;
  value: string;
  onChange: (code: string) => void;
  onBlur?: () => void;
  level: AreaPickerLevel;
  withinKecamatan?: readonly string[];
  invalid?: boolean;
  describedBy?: string;
  placeholder?: string;
  inputRef?: Ref<HTMLInputElement>;
  name?: string;
  className?: string;
  /** Called when an option is chosen from the list (after onChange with its code). */
  onChoose?: (option: AreaOption) => void;
}) {
  const { t } = useTranslation();
  const listId = `${id}-options`;
  const statusId = useId();
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const text = value ?? '';
  const typedName = !/^[\d.\s]*$/.test(text);
  const narrowed = level === 'desa' && withinKecamatan.length === 1;
  const searchable = open && (typedName ? text.trim().length >= 2 : narrowed && text.trim() === '');
  const found = useQuery({
    queryKey: ['areas', 'picker', level, [...withinKecamatan].sort().join(','), text.trim().toLowerCase()],
    queryFn: ({ signal }) => findAreas(level, withinKecamatan, text, signal),
    enabled: searchable,
    staleTime: Infinity,
    placeholderData: keepPreviousData,
  });
  const options = searchable ? (found.data ?? []).slice(0, MAX_OPTIONS) : [];
  const expanded = searchable && !found.isPending;
  const chosenName = areaName(text.trim());

  const choose = (option: AreaOption) => {
    onChange(option.code);
    setOpen(false);
    setActive(-1);
    onChoose?.(option);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (!open) {
        setOpen(true);
        return;
      }
      if (options.length === 0) return;
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (i + step + options.length) % options.length);
    } else if (event.key === 'Enter' && expanded && active >= 0 && options[active]) {
      // Choosing from the list does not send the form.
      event.preventDefault();
      choose(options[active]);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setOpen(false);
      setActive(-1);
    }
  };

  let status = '';
  if (expanded) {
    status =
      options.length === 0 ? t('areaPicker.noMatch') : t('areaPicker.found', { count: options.length });
  }

  return (
    <span className="area-picker">
      <input
        id={id}
        ref={inputRef}
        name={name}
        type="text"
        className={className}
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        aria-autocomplete="list"
        aria-expanded={expanded && options.length > 0}
        aria-controls={listId}
        aria-activedescendant={expanded && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={[describedBy, statusId].filter(Boolean).join(' ') || undefined}
        placeholder={placeholder ?? t(`areaPicker.placeholder.${level}`)}
        value={text}
        onChange={(event) => {
          onChange(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false);
          setActive(-1);
          onBlur?.();
        }}
        onKeyDown={onKeyDown}
      />
      {chosenName && <span className="area-name">{chosenName}</span>}
      <ul
        id={listId}
        role="listbox"
        className="area-picker-options"
        aria-label={t(`areaPicker.options.${level}`)}
        hidden={!(expanded && options.length > 0)}
      >
        {options.map((option, index) => (
          <li
            key={option.code}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === active}
            className={index === active ? 'area-option area-option-active' : 'area-option'}
            // mousedown, not click: the input must not lose focus (and close the list) first.
            onMouseDown={(event) => {
              event.preventDefault();
              choose(option);
            }}
            onMouseEnter={() => setActive(index)}
          >
            {level === 'any' && option.level === 'KECAMATAN' ? `Kecamatan ${option.name}` : option.name} —{' '}
            {option.code}
          </li>
        ))}
      </ul>
      <span id={statusId} className="visually-hidden" role="status">
        {status}
      </span>
    </span>
  );
}
