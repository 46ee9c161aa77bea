package dev.baton.kotlin

import dev.baton.AsyncLocalStorage
import dev.baton.Snapshot
import dev.baton.kotlin.Scenarios.REQUEST_ID
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

class CoroutinesTest {

    private val tenant = AsyncLocalStorage<String>("tenant")

    @Test
    fun `ten thousand coroutines hopping dispatchers each see their own store and leave no thread a context`() {
        val load = Scenarios.hoppingLoad(10_000)

        assertThat(load.examples).isEmpty()
        assertThat(load.mixUps).isZero()
        assertThat(load.checks).isEqualTo(10_000 * 7)
        assertThat(load.leftOnThreads).containsOnly(null)
    }

    @Test
    fun `launch and async inherit the context current where they start, a run inside the coroutine included`() {
        val seen = REQUEST_ID.call<List<String?>, RuntimeException>("caller") {
            runBlocking(batonContext()) {
                val plain = async(Dispatchers.Default) { REQUEST_ID.store }
                val insideRun = tenant.call<Deferred<String>, RuntimeException>("acme") {
                    async(Dispatchers.IO) { "${tenant.store}/${REQUEST_ID.store}" }
                }
                val afterRun = async { tenant.store }
                listOf(plain.await(), insideRun.await(), afterRun.await())
            }
        }

        assertThat(seen).containsExactly("caller", "acme/caller", null)
    }

    @Test
    fun `withStore adds a store for the block, its suspensions and its children, and the context is back after`() {
        runBlocking(Dispatchers.Default + batonContext()) {
            tenant.withStore("outer") {
                val inner = REQUEST_ID.withStore("r-1") {
                    delay(1)
                    val child = async(Dispatchers.IO) { REQUEST_ID.store + "/" + tenant.store }
                    yield()
                    listOf(REQUEST_ID.store, tenant.store, child.await())
                }
                assertThat(inner).containsExactly("r-1", "outer", "r-1/outer")
                assertThat(REQUEST_ID.store).isNull()
                assertThat(tenant.store).isEqualTo("outer")
            }
            assertThat(tenant.store).isNull()
        }
    }

    @Test
    fun `a thread that resumed a coroutine is back in its own context afterwards`() {
        val executor = Executors.newSingleThreadExecutor()
        try {
            val dispatcher = executor.asCoroutineDispatcher()
            REQUEST_ID.run("caller") {
                runBlocking(REQUEST_ID.asContextElement("coroutine")) {
                    withContext(dispatcher) {
                        delay(1)
                        assertThat(REQUEST_ID.store).isEqualTo("coroutine")
                    }
                    assertThat(REQUEST_ID.store).isEqualTo("coroutine")
                }
                assertThat(REQUEST_ID.store).`as`("the thread that ran runBlocking").isEqualTo("caller")
            }
            assertThat(executor.submit<String?> { REQUEST_ID.store }.get(10, TimeUnit.SECONDS)).isNull()
        } finally {
            executor.shutdown()
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue()
        }
    }

    @Test
    fun `a flow emitting on another dispatcher with flowOn runs in the collector's context`() {
        val emitted = runBlocking {
            REQUEST_ID.withStore("flow") {
                flow {
                    emit(REQUEST_ID.store)
                    delay(1)
                    emit(REQUEST_ID.store)
                }
                    .map { "$it on ${Thread.currentThread().name.substringBefore("-worker")}" }
                    .flowOn(Dispatchers.IO)
                    .toList()
            }
        }

        assertThat(emitted).containsExactly("flow on DefaultDispatcher", "flow on DefaultDispatcher")
    }

    @Test
    fun `an exception or a cancellation leaves the caller's context as it was`() {
        runBlocking(Dispatchers.Default + REQUEST_ID.asContextElement("outer")) {
            val failure = runCatching {
                REQUEST_ID.withStore("failing") {
                    delay(1)
                    throw IllegalStateException("boom in ${REQUEST_ID.store}")
                }
            }.exceptionOrNull()
            assertThat(failure).isInstanceOf(IllegalStateException::class.java).hasMessage("boom in failing")
            assertThat(REQUEST_ID.store).isEqualTo("outer")

            val timedOut = withTimeoutOrNull(20) { REQUEST_ID.withStore("slow") { delay(10_000) } }
            assertThat(timedOut).isNull()
            assertThat(REQUEST_ID.store).isEqualTo("outer")

            val job = launch(REQUEST_ID.asContextElement("cancelled")) { awaitCancellation() }
            yield()
            job.cancelAndJoin()
            assertThat(REQUEST_ID.store).isEqualTo("outer")
        }
        assertThat(REQUEST_ID.store).isNull()
    }

    @Test
    fun `a scope made with an element gives it to coroutines launched from plain code`() {
        val scope = CoroutineScope(Dispatchers.Default + REQUEST_ID.asContextElement("scoped"))
        val seen = REQUEST_ID.call<String?, RuntimeException>("caller") {
            runBlocking { scope.async { REQUEST_ID.store }.await() }
        }

        assertThat(seen).isEqualTo("scoped")
    }

    @Test
    fun `a snapshot taken elsewhere can be the context of coroutines`() {
        val captured = REQUEST_ID.call<Snapshot, RuntimeException>("captured") { AsyncLocalStorage.snapshot() }
        val seen = runBlocking(captured.asContextElement()) {
            (1..3).map { async(Dispatchers.IO) { REQUEST_ID.store } }.awaitAll()
        }

        assertThat(seen).containsOnly("captured")
    }

    @Test
    fun `an enterWith inside a coroutine lasts until its next suspension`() {
        val seen = runBlocking(Dispatchers.Default + REQUEST_ID.asContextElement("element")) {
            REQUEST_ID.enterWith("entered")
            val before = REQUEST_ID.store
            yield()
            listOf(before, REQUEST_ID.store)
        }

        assertThat(seen).containsExactly("entered", "element")
    }
}
