package io.kiln.redfish.testservice;

/**
 * A firmware image the service received for an update task.
 *
 * @param taskId  the task's Id
 * @param how     "pull" (SimpleUpdate fetched ImageURI) or "push" (multipart UpdateFile)
 * @param source  the ImageURI pulled, or the pushed part's file name
 * @param size    its length in bytes
 * @param sha256  its SHA-256, hex lower case
 */
public record UpdateImage(String taskId, String how, String source, long size, String sha256) {
}
