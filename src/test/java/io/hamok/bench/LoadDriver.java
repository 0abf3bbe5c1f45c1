package io.hamok.bench;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs one cell: N threads call an operation in a closed loop for warm-up plus a measured period;
 * only operations that start and end inside the measured period are counted.
 */
final class LoadDriver {
    /** One operation of a workload, called by load thread {@code thread}. */
    @FunctionalInterface
    interface Op {
        void run(int thread, SplittableRandom random) throws Exception;
    }

    /** What a cell measured. */
    record Result(long ops, double seconds, LatencyHistogram latencies, long errors, String firstError, boolean stuck) {
        double opsPerSecond() {
            return seconds <= 0 ? 0 : ops / seconds;
        }

        double p50Micros() {
            return latencies.quantile(0.50) / 1000.0;
        }

        double p99Micros() {
            return latencies.quantile(0.99) / 1000.0;
        }
    }

    private final double warmupSeconds;
    private final double seconds;

    LoadDriver(double warmupSeconds, double seconds) {
        this.warmupSeconds = warmupSeconds;
        this.seconds = seconds;
    }

    /**
     * Runs the cell. {@code atMeasureStart} runs (on the calling thread) when warm-up ends, e.g. to
     * reset counters; {@code atMeasureEnd} when the measured period ends.
     */
    Result run(int threads, Op op, Runnable atMeasureStart, Runnable atMeasureEnd) {
        long begin = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long measureStart = begin + (long) (warmupSeconds * 1e9);
        long end = measureStart + (long) (seconds * 1e9);
        Worker[] workers = new Worker[threads];
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            workers[t] = new Worker(t, op, begin, measureStart, end, done, new SplittableRandom(31L * t + System.nanoTime()));
            Thread thread = new Thread(workers[t], "bench-load-" + t);
            thread.setDaemon(true);
            thread.start();
        }
        sleepUntil(measureStart);
        atMeasureStart.run();
        sleepUntil(end);
        atMeasureEnd.run();
        boolean finished;
        try {
            finished = done.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finished = false;
        }
        LatencyHistogram merged = new LatencyHistogram();
        long errors = 0;
        String firstError = null;
        for (Worker worker : workers) {
            synchronized (worker) {
                merged.add(worker.histogram);
                errors += worker.errors;
                if (firstError == null) {
                    firstError = worker.firstError;
                }
            }
        }
        return new Result(merged.count(), seconds, merged, errors, firstError, !finished);
    }

    private static void sleepUntil(long deadline) {
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
        private final int index;
        private final Op op;
        private final long begin;
        private final long measureStart;
        private final long end;
        private final CountDownLatch done;
        private final SplittableRandom random;
        private final LatencyHistogram histogram = new LatencyHistogram();
        private long errors;
        private String firstError;

        Worker(int index, Op op, long begin, long measureStart, long end, CountDownLatch done, SplittableRandom random) {
            this.index = index;
            this.op = op;
            this.begin = begin;
            this.measureStart = measureStart;
            this.end = end;
            this.done = done;
            this.random = random;
        }

        @Override
        public void run() {
            try {
                sleepUntil(begin);
                while (true) {
                    long start = System.nanoTime();
                    if (start >= end) {
                        return;
                    }
                    Throwable failure = null;
                    try {
                        op.run(index, random);
                    } catch (Throwable e) {
                        failure = e;
                    }
                    long stop = System.nanoTime();
                    if (start >= measureStart && stop <= end) {
                        synchronized (this) {
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
            } finally {
                done.countDown();
            }
        }
    }
}
