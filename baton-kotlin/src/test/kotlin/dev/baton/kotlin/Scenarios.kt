package dev.baton.kotlin

import dev.baton.AsyncLocalStorage
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** Scenarios run both without the agent (the element alone) and under it. */
internal object Scenarios {

    val REQUEST_ID = AsyncLocalStorage<String>("requestId")

    /** What a load of coroutines saw. */
    class Load(val checks: Int, val mixUps: Int, val examples: List<String>, val leftOnThreads: Set<String?>)

    /**
     * [coroutines] coroutines, each with a store of its own, hop through Default, IO, an
     * executor's dispatcher and Unconfined, suspending on the way; each checks its store at every
     * step. Then the threads they ran on are asked what context they were left with.
     */
    fun hoppingLoad(coroutines: Int): Load {
        val checks = AtomicInteger()
        val mixUps = AtomicInteger()
        val examples = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val executor: ExecutorService = Executors.newFixedThreadPool(4)
        try {
            val pool = executor.asCoroutineDispatcher()
            runBlocking(Dispatchers.Default) {
                withTimeout(120_000) {
                    (0 until coroutines).map { i ->
                        val id = "r$i"
                        launch(REQUEST_ID.asContextElement(id)) {
                            fun check(step: String) {
                                checks.incrementAndGet()
                                val seen = REQUEST_ID.store
                                if (seen != id) {
                                    mixUps.incrementAndGet()
                                    if (examples.size < 10) examples.add("$step: expected $id, saw $seen")
                                }
                            }
                            check("start")
                            yield()
                            check("after yield")
                            withContext(Dispatchers.IO) {
                                check("io")
                                delay(1)
                                check("io after delay")
                            }
                            withContext(pool) { check("executor") }
                            withContext(Dispatchers.Unconfined) {
                                delay(1)
                                check("unconfined after delay")
                            }
                            check("end")
                        }
                    }.joinAll()
                }
            }
            val left = HashSet<String?>()
            runBlocking {
                repeat(64) {
                    left.add(withContext(Dispatchers.Default) { REQUEST_ID.store })
                    left.add(withContext(Dispatchers.IO) { REQUEST_ID.store })
                    left.add(withContext(pool) { REQUEST_ID.store })
                    // resumed by kotlinx's own delay thread
                    left.add(withContext(Dispatchers.Unconfined) { delay(1); REQUEST_ID.store })
                }
            }
            repeat(16) { left.add(executor.submit<String?> { REQUEST_ID.store }.get(10, TimeUnit.SECONDS)) }
            return Load(checks.get(), mixUps.get(), examples.toList(), left)
        } finally {
            executor.shutdown()
            check(executor.awaitTermination(10, TimeUnit.SECONDS)) { "the executor did not stop" }
        }
    }
}
