import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PageErrorBoundary } from '../shared/PageErrorBoundary';
import '../shared/ui.css';
import '../shared/viewer/viewer.css';
import './history.css';
import { HistoryFilePage } from './HistoryFilePage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PageErrorBoundary>
      <HistoryFilePage />
    </PageErrorBoundary>
  </StrictMode>,
);
