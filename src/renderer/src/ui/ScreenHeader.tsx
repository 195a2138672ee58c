/** The title bar of a full-window screen (Settings, History): its heading and the Back button. */
export function ScreenHeader(props: { className: string; titleId: string; title: string; backTestId: string; onBack: () => void }) {
  return (
    <header className={props.className}>
      <h2 id={props.titleId}>{props.title}</h2>
      <button type="button" data-testid={props.backTestId} onClick={props.onBack}>
        Back
      </button>
    </header>
  );
}
