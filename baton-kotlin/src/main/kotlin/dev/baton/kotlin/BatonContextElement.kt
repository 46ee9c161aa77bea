package dev.baton.kotlin

import dev.baton.AsyncLocalStorage
import dev.baton.Scope
import dev.baton.Snapshot
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CopyableThreadContextElement
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.ExperimentalCoroutinesApi

/**
 * Baton's whole context as a coroutine context element: wherever the coroutine resumes (any
 * dispatcher, any thread, after any suspension), it runs in [snapshot], and the thread is back in
 * its own context when the coroutine suspends or ends. Coroutines started inside it with `launch` or
 * `async` inherit the context current where they are started, as a task handed to an executor does.
 *
 * ```
 * runBlocking(batonContext()) {                     // the caller's context, for every coroutine below
 *     launch(Dispatchers.IO) { log.info("io") }      // sees the caller's stores
 *     REQUEST_ID.withStore("r-1") {                  // adds a store, for this block and its children
 *         delay(10)
 *         REQUEST_ID.getStore()                      // "r-1", on whatever thread resumed
 *     }
 * }
 * ```
 *
 * A change made with `enterWith` inside a coroutine lasts until its next suspension, as a change
 * to a thread-local would: change stores across suspensions with [withStore] or `withContext` and
 * [asContextElement].
 */
@OptIn(ExperimentalCoroutinesApi::class, DelicateCoroutinesApi::class)
public class BatonContextElement private constructor(
    /** The context the coroutine runs in. */
    public val snapshot: Snapshot,
    /** For an element made to add stores: how it derives its context from the one it joins. */
    private val derive: ((Snapshot) -> Snapshot)?,
) : AbstractCoroutineContextElement(Key), CopyableThreadContextElement<Any> {

    /** The key of Baton's element in a coroutine context. */
    public companion object Key : CoroutineContext.Key<BatonContextElement> {
        /** The element of the coroutine running on each thread, to tell launches inside it from others. */
        private val running = ThreadLocal<BatonContextElement>()

        internal fun of(snapshot: Snapshot): BatonContextElement = BatonContextElement(snapshot, null)

        internal fun adding(snapshot: Snapshot, derive: (Snapshot) -> Snapshot): BatonContextElement =
            BatonContextElement(derive(snapshot), derive)
    }

    /** The coroutine's context entered on a thread, and the element of the one it resumed in. */
    private class Resumed(val scope: Scope, val element: BatonContextElement?)

    override fun updateThreadContext(context: CoroutineContext): Any {
        val element = running.get()
        val resumed = Resumed(snapshot.enter(), element)
        running.set(this)
        return resumed
    }

    override fun restoreThreadContext(context: CoroutineContext, oldState: Any) {
        val resumed = oldState as Resumed
        if (resumed.element == null) running.remove() else running.set(resumed.element)
        resumed.scope.close()
    }

    override fun copyForChild(): CopyableThreadContextElement<Any> = of(contextForChild())

    override fun mergeForChild(overwritingElement: CoroutineContext.Element): CoroutineContext {
        val added = overwritingElement as BatonContextElement
        return if (added.derive == null) added else of(added.derive.invoke(contextForChild()))
    }

    /**
     * The context a coroutine started now inherits: the thread's current one when the code starting
     * it runs inside this coroutine (a `run` or an `enterWith` there counts), else this element's.
     */
    private fun contextForChild(): Snapshot =
        if (running.get() === this) AsyncLocalStorage.snapshot() else snapshot

    override fun toString(): String = "BatonContextElement($snapshot)"
}
