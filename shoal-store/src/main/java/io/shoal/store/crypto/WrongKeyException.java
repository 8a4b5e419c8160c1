package io.shoal.store.crypto;

/** Sealed data that another key sealed. */
public final class WrongKeyException extends SealedDataException {
    public WrongKeyException(String message) {
        super(message);
    }
}
