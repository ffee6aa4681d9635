/** The inline message under an input; its id is what the input's aria-describedby points at. */
export function FieldMessage({
  id,
  messages,
}: {
  id: string;
  messages: string | readonly string[] | undefined;
}) {
  const list = typeof messages === 'string' ? [messages] : (messages ?? []);
  if (list.length === 0) return null;
  return (
    <p id={id} className="field-error">
      {list.join(' ')}
    </p>
  );
}
