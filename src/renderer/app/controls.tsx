import { useEffect, useId, useState } from 'react';
import type { InputHTMLAttributes, ReactNode } from 'react';

/**
 * Form controls with explicit `<label for>`: the label text alone is the accessible name (a
 * wrapping label would also fold the input's value into it in some browsers).
 */
export function TextField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid?: boolean;
  disabled?: boolean;
  placeholder?: string;
  inputMode?: InputHTMLAttributes<HTMLInputElement>['inputMode'];
  className?: string;
  /** The id of the element that explains the field (its error, its hint). */
  describedBy?: string;
  title?: string;
}) {
  const id = useId();
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="text"
        value={props.value}
        title={props.title}
        aria-describedby={props.describedBy}
        placeholder={props.placeholder}
        inputMode={props.inputMode}
        disabled={props.disabled}
        aria-invalid={props.invalid || undefined}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}

/**
 * A whole number in `min`..`max` (a spinbutton). What is typed stays as typed until it is a number
 * in range; only then does `onChange` hear of it.
 */
export function NumberField(props: {
  label: string;
  value: number;
  min: number;
  max: number;
  step?: number;
  onChange: (value: number) => void;
  title?: string;
  className?: string;
  disabled?: boolean;
}) {
  const id = useId();
  const [typed, setTyped] = useState(String(props.value));
  useEffect(() => {
    setTyped((current) => (Number(current) === props.value ? current : String(props.value)));
  }, [props.value]);
  const number = Number(typed);
  const valid = typed.trim() !== '' && Number.isInteger(number);
  const inRange = valid && number >= props.min && number <= props.max;
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="number"
        inputMode="numeric"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={typed}
        title={props.title}
        disabled={props.disabled}
        aria-invalid={!inRange || undefined}
        onChange={(event) => {
          const text = event.target.value;
          setTyped(text);
          const value = Number(text);
          if (
            text.trim() !== '' &&
            Number.isInteger(value) &&
            value >= props.min &&
            value <= props.max
          ) {
            props.onChange(value);
          }
        }}
        onBlur={() => setTyped(String(props.value))}
      />
    </div>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  disabled?: boolean;
  className?: string;
  title?: string;
}) {
  const id = useId();
  return (
    <div className={`field ${props.className ?? ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={props.value}
        title={props.title}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxField(props: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
  className?: string;
  title?: string;
}) {
  const id = useId();
  return (
    <div className={`check ${props.className ?? ''}`} title={props.title}>
      <input
        id={id}
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={id}>{props.label}</label>
    </div>
  );
}

export function Section(props: {
  title: string;
  children: ReactNode;
  className?: string;
  /** Something the section asked for is still on its way (aria-busy). */
  busy?: boolean;
}) {
  const id = useId();
  return (
    <section
      className={`panel ${props.className ?? ''}`}
      aria-labelledby={id}
      aria-busy={props.busy || undefined}
    >
      <h2 id={id} className="panel-title">
        {props.title}
      </h2>
      <div className="panel-body">{props.children}</div>
    </section>
  );
}

/** A button that shows only a glyph: `label` is its accessible name and its tooltip. */
export function IconButton(props: {
  label: string;
  glyph: string;
  disabled?: boolean;
  /** It removes or disconnects something. */
  danger?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={props.danger ? 'icon-button danger' : 'icon-button'}
      disabled={props.disabled}
      aria-label={props.label}
      title={props.label}
      onClick={props.onClick}
    >
      <span aria-hidden="true">{props.glyph}</span>
    </button>
  );
}
