export {
  startFakeModelServer,
  type FakeModelServer,
  type FakeModelServerOptions,
  type RecordedCall,
  type RejectedRequest,
} from './server';
export { plannerBrain, withBehaviour, agentOf, type Behaviour, type BehaviourState } from './planner-brain';
export { estimateUsage } from './reply';
export { anthropicEnv } from './providers';
export type {
  Chunking,
  Dialect,
  FakeBrain,
  FakeCall,
  FakeFinish,
  FakeMessageReply,
  FakeReply,
  FakeToolCall,
  FakeUsage,
} from './types';
