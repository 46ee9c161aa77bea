@file:JvmName("BatonCoroutines")

package dev.baton.kotlin

import dev.baton.AsyncLocalStorage
import dev.baton.Snapshot
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withContext

/**
 * The calling code's Baton context, as a coroutine context element: give it to `runBlocking`,
 * `launch`, a `CoroutineScope` or `withContext`, and the coroutines run in this context.
 */
public fun batonContext(): BatonContextElement = BatonContextElement.of(AsyncLocalStorage.snapshot())

/** This context, as a coroutine context element. */
public fun Snapshot.asContextElement(): BatonContextElement = BatonContextElement.of(this)

/**
 * A coroutine context element that adds [store] for this storage to the context it joins: in
 * `withContext` or `launch` inside a coroutine that has Baton's element, that coroutine's current
 * context; elsewhere, the calling code's.
 *
 * ```
 * withContext(REQUEST_ID.asContextElement("r-1")) { ... }
 * ```
 */
public fun <T : Any> AsyncLocalStorage<T>.asContextElement(store: T): BatonContextElement {
    val storage = this
    return BatonContextElement.adding(AsyncLocalStorage.snapshot()) { it.with(storage, store) }
}

/**
 * Runs [block] with [store] for this storage, the suspending counterpart of `run`: the store holds
 * across the block's suspensions and in the coroutines it starts, and the caller's context is as
 * before when it returns or throws.
 */
public suspend fun <T : Any, R> AsyncLocalStorage<T>.withStore(store: T, block: suspend CoroutineScope.() -> R): R =
    withContext(asContextElement(store), block)
