import {
  KeyboardCode, KeyboardSensor, MeasuringStrategy, PointerSensor, useDraggable, useSensor, useSensors,
  type Announcements, type KeyboardCoordinateGetter, type ScreenReaderInstructions,
} from '@dnd-kit/core';
import { Box, Paper } from '@workcloud/shared-ui';
import type { ReactNode } from 'react';
import { useProjectsT } from './i18n';

const DIRECTIONS: Record<string, [number, number]> = {
  [KeyboardCode.Right]: [1, 0],
  [KeyboardCode.Left]: [-1, 0],
  [KeyboardCode.Down]: [0, 1],
  [KeyboardCode.Up]: [0, -1],
};

/**
 * Keyboard dragging jumps from drop target to drop target (a board column, a calendar day) in the arrow's direction —
 * the nearest one that way, keeping to the row or column — instead of moving the card by pixels.
 */
const toNeighbour: KeyboardCoordinateGetter = (event, { context: { collisionRect, droppableRects, over } }) => {
  const direction = DIRECTIONS[event.code];
  if (!direction || !collisionRect) return undefined;
  event.preventDefault();
  const [dx, dy] = direction;
  const here = over ? droppableRects.get(over.id) : undefined;
  const from = here ? { x: here.left + here.width / 2, y: here.top + here.height / 2 } : { x: collisionRect.left + collisionRect.width / 2, y: collisionRect.top + collisionRect.height / 2 };
  let best: { x: number; y: number } | undefined;
  let bestScore = Infinity;
  for (const r of droppableRects.values()) {
    const c = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    const along = (c.x - from.x) * dx + (c.y - from.y) * dy;
    if (along <= 1) continue;
    const across = Math.abs((c.x - from.x) * dy) + Math.abs((c.y - from.y) * dx);
    const score = along + across * 4;
    if (score < bestScore) [best, bestScore] = [c, score];
  }
  return best && { x: best.x - collisionRect.width / 2, y: best.y - collisionRect.height / 2 };
};

/**
 * Drop targets are measured before a drag starts, not only once it has: a keyboard arrow pressed right after the
 * pick-up would otherwise find no target yet and move nothing.
 */
export const measureTargetsAlways = { droppable: { strategy: MeasuringStrategy.Always } };

/** The mouse starts a drag after 5 px (a click stays a click); the keyboard as above. */
export function useTaskSensors() {
  return useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor, { coordinateGetter: toNeighbour }));
}

/** What a screen reader hears while a task is dragged, in the user's language; `where` names a drop target. */
export function useTaskAnnouncements(nameOf: (task: string) => string, where: (target: string) => string): { announcements: Announcements; screenReaderInstructions: ScreenReaderInstructions } {
  const { t } = useProjectsT();
  const task = (id: string | number) => nameOf(String(id));
  return {
    screenReaderInstructions: { draggable: t('dnd.instructions') },
    announcements: {
      onDragStart: ({ active }) => t('dnd.picked', { task: task(active.id) }),
      onDragOver: ({ active, over }) => (over ? t('dnd.over', { task: task(active.id), where: where(String(over.id)) }) : undefined),
      onDragEnd: ({ active, over }) => (over ? t('dnd.dropped', { task: task(active.id), where: where(String(over.id)) }) : t('dnd.cancelled', { task: task(active.id) })),
      onDragCancel: ({ active }) => t('dnd.cancelled', { task: task(active.id) }),
    },
  };
}

/**
 * A task one can drag by its title (a focusable button for the keyboard, named by that title); `actions` sit beside it
 * (the timer) and `details` below it, outside the drag handle, so no button is inside another.
 */
export function DraggableTask({ id, title, actions, details, dense }: { id: string; title: ReactNode; actions?: ReactNode; details?: ReactNode; dense?: boolean }) {
  const { t } = useProjectsT();
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, isDragging } = useDraggable({ id, attributes: { roleDescription: t('dnd.role') } });
  return (
    <Paper
      ref={setNodeRef}
      variant="outlined"
      data-testid={`task-${id}`}
      sx={{ p: dense ? 0.25 : 1, position: 'relative', zIndex: isDragging ? 10 : undefined, boxShadow: isDragging ? 6 : undefined }}
      style={{ transform: transform ? `translate3d(${transform.x}px, ${transform.y}px, 0)` : undefined }}
    >
      <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 0.5 }}>
        <Box
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          sx={{ flex: 1, minWidth: 0, cursor: isDragging ? 'grabbing' : 'grab', touchAction: 'none', borderRadius: 1, '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' } }}
        >
          {title}
        </Box>
        {actions}
      </Box>
      {details}
    </Paper>
  );
}
