package dev.vigil.server.web;

/** A request that ends with an HTTP error status and a one-line message for the page. */
final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }
}
