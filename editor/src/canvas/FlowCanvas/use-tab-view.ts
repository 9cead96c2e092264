import { useCallback, useEffect, useRef } from 'react';
import { useReactFlow, useStoreApi, type Viewport } from '@xyflow/react';
import { loadViewMemory, saveViewMemory } from '../../store/view-memory.ts';
import { initialViewport } from '../initial-viewport.ts';
import type { FlowCanvasEdge, FlowCanvasNode } from '../types.ts';

/**
 * Each tab keeps its own zoom and pan, also across reloads (with the open tab): switching
 * tabs puts back the view the tab was left at. A tab seen for the first time opens showing
 * its nodes. Returns the handler for React Flow's `onMoveEnd`.
 */
export function useTabView(activeFlow: string): (event: unknown, viewport: Viewport) => void {
  const { setViewport, getViewport } = useReactFlow();
  const flowStore = useStoreApi<FlowCanvasNode, FlowCanvasEdge>();
  const memory = useRef(loadViewMemory());

  const remember = useCallback((flow: string, view: Viewport) => {
    memory.current.views[flow] = { x: view.x, y: view.y, zoom: view.zoom };
    saveViewMemory(memory.current);
  }, []);

  useEffect(() => {
    if (!activeFlow) return;
    memory.current.activeFlow = activeFlow;
    saveViewMemory(memory.current);
    // One frame later, so React Flow knows the pane's size and the tab's nodes.
    const frame = requestAnimationFrame(() => {
      const { nodes, width, height } = flowStore.getState();
      const saved = memory.current.views[activeFlow];
      void setViewport(saved ?? (nodes.length > 0 ? initialViewport(nodes, width, height) : { x: 0, y: 0, zoom: 1 }));
    });
    return () => {
      cancelAnimationFrame(frame);
      // Leaving the tab: the view is still this tab's until the next one is set.
      remember(activeFlow, getViewport());
    };
  }, [activeFlow, flowStore, setViewport, getViewport, remember]);

  return useCallback((_event: unknown, viewport: Viewport) => remember(activeFlow, viewport), [activeFlow, remember]);
}
