package dev.baton.examples;

import dev.baton.AsyncResource;

/**
 * One task of the {@link WorkerPool}: an {@link AsyncResource} created when the task is submitted,
 * so that its callback runs in the submitter's context whichever thread completes it.
 */
final class WorkerPoolTaskInfo extends AsyncResource {

  private final WorkerPool.Callback callback;

  WorkerPoolTaskInfo(WorkerPool.Callback callback) {
    super("WorkerPoolTaskInfo");
    this.callback = callback;
  }

  void done(Throwable err, Integer result) {
    runInAsyncScope(() -> callback.done(err, result));
    emitDestroy(); // task infos are used only once
  }
}
