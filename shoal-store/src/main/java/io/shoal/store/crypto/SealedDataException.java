package io.shoal.store.crypto;

/** Sealed data that does not open: damaged, cut short, tampered with, or of an unknown format. */
public class SealedDataException extends IllegalArgumentException {
    public SealedDataException(String message) {
        super(message);
    }
}
