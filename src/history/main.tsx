import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../shared/ui.css';
import '../shared/viewer/viewer.css';
import './history.css';
import { HistoryFilePage } from './HistoryFilePage';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <HistoryFilePage />
  </StrictMode>,
);
