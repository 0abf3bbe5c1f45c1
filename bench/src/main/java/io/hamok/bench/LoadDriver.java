package io.hamok.bench;

import java.util.SplittableRandom;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Runs one cell inside a process: threads call an operation in a closed loop from {@code begin} to
 * {@code end} (nanoTime); only operations that start and end inside [measureStart, end] count for
 * rate and latency. Completions are also counted per time slice from {@code begin}, to show a rate
 * over time. An asynchronous operation keeps {@code inFlight} calls outstanding per thread.
 */
public final class LoadDriver {
    /** One synchronous call. */
    @FunctionalInterface
    public interface Op {
        void run(SplittableRandom random) throws Exception;
    }

    /** One asynchronous call: completes when the operation does. */
    @FunctionalInterface
    public interface AsyncOp {
        CompletionStage<?> start(SplittableRandom random) throws Exception;
    }

    /** When a cell runs, in this process' nanoTime. */
    public record Plan(long begin, long measureStart, long end, long sliceNanos) {
        int sliceCount() {
            return sliceNanos <= 0 ? 0 : (int) ((end - begin + sliceNanos - 1) / sliceNanos);
        }
    }

    /** What a cell measured in this process. */
    public record Result(long errors, String firstError, LatencyHistogram latencies, long[] slices, boolean stuck) {}

    private LoadDriver() {}

    public static Result run(Plan plan, int threads, Op op) {
        return run(plan, threads, 0, op, null);
    }

    public static Result runAsync(Plan plan, int threads, int inFlight, AsyncOp op) {
        return run(plan, threads, inFlight, null, op);
    }

    private static Result run(Plan plan, int threads, int inFlight, Op op, AsyncOp asyncOp) {
        Worker[] workers = new Worker[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(plan, op, asyncOp, inFlight, done, new SplittableRandom(31L * t + System.nanoTime()));
            Thread thread = new Thread(workers[t], "bench-load-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        boolean finished;
        try {
            long waitNanos = plan.end() - System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            finished = done.await(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        LatencyHistogram merged = new LatencyHistogram();
        long[] slices = new long[plan.sliceCount()];
        long errors = 0;
        String firstError = null;
        for (Worker worker : workers) {
            synchronized (worker) {
                merged.add(worker.histogram);
                errors += worker.errors;
                for (int i = 0; i < slices.length; i++) {
                    slices[i] += worker.slices[i];
                }
                if (firstError == null) {
                    firstError = worker.firstError;
                }
            }
        }
        return new Result(errors, firstError, merged, slices, !finished);
    }

    static void sleepUntil(long deadline) {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static final class Worker implements Runnable {
        private final Plan plan;
        private final Op op;
        private final AsyncOp asyncOp;
        private final int inFlight;
        private final CountDownLatch done;
        private final SplittableRandom random;
        private final LatencyHistogram histogram = new LatencyHistogram();
        private final long[] slices;
        private long errors;
        private String firstError;

        Worker(Plan plan, Op op, AsyncOp asyncOp, int inFlight, CountDownLatch done, SplittableRandom random) {
            this.plan = plan;
            this.op = op;
            this.asyncOp = asyncOp;
            this.inFlight = inFlight;
            this.done = done;
            this.random = random;
            this.slices = new long[plan.sliceCount()];
        }

        @Override
        public void run() {
            try {
                sleepUntil(plan.begin());
                if (asyncOp == null) {
                    runSync();
                } else {
                    runAsync();
                }
            } finally {
                done.countDown();
            }
        }

        private void runSync() {
            while (true) {
                long start = System.nanoTime();
                if (start >= plan.end()) {
                    return;
                }
                Throwable failure = null;
                try {
                    op.run(random);
                } catch (Throwable e) {
                    failure = e;
                }
                finish(start, System.nanoTime(), failure);
            }
        }

        private void runAsync() {
            Semaphore permits = new Semaphore(inFlight);
            try {
                while (System.nanoTime() < plan.end()) {
                    if (!permits.tryAcquire(10, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    long start = System.nanoTime();
                    CompletionStage<?> stage;
                    try {
                        stage = asyncOp.start(random);
                    } catch (Throwable e) {
                        finish(start, System.nanoTime(), e);
                        permits.release();
                        continue;
                    }
                    stage.whenComplete((ignored, failure) -> {
                        finish(start, System.nanoTime(), failure);
                        permits.release();
                    });
                }
                permits.tryAcquire(inFlight, 60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void finish(long start, long stop, Throwable failure) {
            if (failure == null && slices.length > 0 && stop >= plan.begin() && stop < plan.end()) {
                slices[(int) ((stop - plan.begin()) / plan.sliceNanos())]++;
            }
            if (start < plan.measureStart() || stop > plan.end()) {
                return;
            }
            if (failure == null) {
                histogram.record(stop - start);
            } else {
                errors++;
                if (firstError == null) {
                    firstError = failure.toString();
                }
            }
        }
    }
}
