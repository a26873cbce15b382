import { Component, type ErrorInfo, type ReactNode } from 'react';

interface State {
  failure?: string;
}

/**
 * What an extension page shows if something in it fails while it is drawn: one sentence and a way on, instead of a
 * blank page. Nothing stored is touched by such a failure; what was typed into a form is lost with the page.
 */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = {};

  static getDerivedStateFromError(error: unknown): State {
    return { failure: error instanceof Error ? error.message : String(error) };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('Payload Lens: this page failed while it was drawn', error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.failure === undefined) return this.props.children;
    return (
      <main>
        <p role="alert" className="bad">
          This page failed to show ({this.state.failure.slice(0, 200)}). Your saved settings and secrets are unchanged; what was typed here is lost.
        </p>
        <button type="button" onClick={() => location.reload()}>
          Reload the page
        </button>
      </main>
    );
  }
}
