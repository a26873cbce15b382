import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PageErrorBoundary } from '../shared/PageErrorBoundary';
import '../shared/ui.css';
import './popup.css';
import { Popup } from './Popup';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PageErrorBoundary>
      <Popup />
    </PageErrorBoundary>
  </StrictMode>,
);
