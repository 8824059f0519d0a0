// A completion record as learning's completion service hands it out: the certificates feature
// takes the type from that service, never from learning's model.
import type { CompletionService } from '../learning/progress/completion.service.ts';

export type CompletionDoc = NonNullable<Awaited<ReturnType<CompletionService['find']>>>;
