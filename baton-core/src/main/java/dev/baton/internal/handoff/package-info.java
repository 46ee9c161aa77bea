/**
 * What the agent calls at each boundary: a submission attaches the submitter's context to its
 * task, a run enters it, listeners of futures run in their registrant's context; the attachments
 * and pending runs on others' objects, each thread's hand-off state, and the lambda classes
 * the agent instruments.
 *
 * <p>Not a public API: see {@link dev.baton.internal}.
 */
package dev.baton.internal.handoff;
