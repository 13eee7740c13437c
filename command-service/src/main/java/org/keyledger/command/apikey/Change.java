package org.keyledger.command.apikey;

/**
 * One field of an update: a {@code Change} that is present sets the field to {@code value}, which may be null
 * ("clear it"); a field whose {@code Change} is null is left as it is.
 */
public record Change<T>(T value) {

    public static <T> Change<T> to(T value) {
        return new Change<>(value);
    }
}
