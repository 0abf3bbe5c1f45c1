package io.hamok.jcache.processor;

import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/** The result of one key of {@code invokeAll}: a value or the exception the processor raised. */
public final class ProcessorResult<T> implements EntryProcessorResult<T> {
    private final T value;
    private final EntryProcessorException failure;

    private ProcessorResult(T value, EntryProcessorException failure) {
        this.value = value;
        this.failure = failure;
    }

    public static <T> ProcessorResult<T> of(T value) {
        return new ProcessorResult<>(value, null);
    }

    public static <T> ProcessorResult<T> failed(Throwable failure) {
        return new ProcessorResult<>(null, failure instanceof EntryProcessorException e ? e : new EntryProcessorException(failure));
    }

    @Override
    public T get() {
        if (failure != null) {
            throw failure;
        }
        return value;
    }
}
