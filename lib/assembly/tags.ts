// The stack tag keys live with the NHS pack, which judges them too (policies never import lib).
export { STACK_TAG_KEYS, type StackTagKey } from '../../policies/tags';
