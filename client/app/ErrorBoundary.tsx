import { Component, type ErrorInfo, type ReactNode } from 'react';
import i18next from 'i18next';
import { log } from '../shared/log.ts';

/**
 * A render error shows a way out instead of a blank screen. Nothing is lost by reloading: every
 * write is in the device database before it is shown.
 */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    log('app').error(`render failed${info.componentStack ?? ''}`, error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="crash" role="alert">
        <p>{i18next.t('app.error')}</p>
        <button type="button" className="button button--primary" onClick={() => location.reload()}>
          {i18next.t('app.reload')}
        </button>
      </div>
    );
  }
}
