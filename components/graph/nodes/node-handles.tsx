import { Handle, Position } from '@xyflow/react';

/** Invisible connection points: edges attach here, nobody drags from them. */
export function NodeHandles({ vertical }: { vertical: boolean }) {
  const style = {
    opacity: 0,
    pointerEvents: 'none' as const,
    width: 1,
    height: 1,
    minWidth: 0,
    minHeight: 0,
    border: 0,
  };
  return (
    <>
      <Handle type="target" position={vertical ? Position.Top : Position.Left} isConnectable={false} style={style} />
      <Handle
        type="source"
        position={vertical ? Position.Bottom : Position.Right}
        isConnectable={false}
        style={style}
      />
    </>
  );
}
