import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PageErrorBoundary } from '../shared/PageErrorBoundary';
import '../shared/ui.css';
import './options.css';
import { Options } from './Options';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PageErrorBoundary>
      <Options />
    </PageErrorBoundary>
  </StrictMode>,
);
