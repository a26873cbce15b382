import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PageErrorBoundary } from '../shared/PageErrorBoundary';
import '../shared/ui.css';
import '../shared/viewer/viewer.css';
import './panel.css';
import { Panel } from './Panel';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PageErrorBoundary>
      <Panel />
    </PageErrorBoundary>
  </StrictMode>,
);
