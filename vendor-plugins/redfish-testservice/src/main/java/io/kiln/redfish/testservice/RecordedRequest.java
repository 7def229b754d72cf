package io.kiln.redfish.testservice;

/**
 * One request the test service received, as tests assert on it.
 *
 * @param method  the HTTP method
 * @param path    the request path without the query (a trailing slash removed)
 * @param status  the status answered; 0 when the connection was closed without an answer (a fault)
 * @param auth    the credentials the request carried (an X-Auth-Token wins over Basic)
 * @param ifMatch the If-Match header, or null
 * @param body    the request body as text (empty when none; multipart and octet-stream bodies abbreviated as
 *                "<multipart, N bytes>", longer texts cut at 8192 characters)
 */
public record RecordedRequest(String method, String path, int status, Auth auth, String ifMatch, String body) {

    /** The kind of credentials a request carried. */
    public enum Auth { NONE, BASIC, SESSION }
}
