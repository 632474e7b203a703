// One labelled form field: its control, the problem with it (once shown), a note, and a help line, all tied to
// the control by aria-describedby so a screen reader reads them with it. CheckField is the checkbox form.
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  id: string;
  label: string;
  optional?: boolean;
  help: ComponentChildren;
  note?: ComponentChildren;
  problem: string | undefined;
  /** Renders the control, given the ids of the texts that describe it. */
  children(describedBy: string): ComponentChildren;
}

export function Field({ id, label, optional, help, note, problem, children }: FieldProps) {
  const describedBy = problem ? `${id}-problem ${id}-help` : `${id}-help`;
  return (
    <div class="field">
      <div class="label-row">
        <label for={id}>{label}</label>
        {optional && <span class="optional">Optional</span>}
      </div>
      {children(describedBy)}
      {problem && (
        <p class="problem" id={`${id}-problem`}>
          {problem}
        </p>
      )}
      {note}
      <p class="help" id={`${id}-help`}>
        {help}
      </p>
    </div>
  );
}

export interface CheckFieldProps {
  id: string;
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  /** Styles the help line as a warning (the choice has a cost the user should weigh). */
  warning?: boolean;
  help: ComponentChildren;
}

/** One checkbox with its label and a help line the checkbox is described by. */
export function CheckField({ id, label, checked, onChange, warning, help }: CheckFieldProps) {
  return (
    <div class="field check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-describedby={`${id}-help`}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <label for={id}>{label}</label>
      <p class={warning ? 'help warning' : 'help'} id={`${id}-help`}>
        {help}
      </p>
    </div>
  );
}
