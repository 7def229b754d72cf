package io.kiln.api.inventory;

import java.util.List;

/**
 * One page of a host list ({@link Inventory#findHosts}).
 *
 * @param total  how many hosts match the query's filters, all pages together
 * @param offset where this page starts among them
 * @param limit  the page size asked for
 * @param items  the page's hosts, in the query's order
 */
public record HostPage(int total, int offset, int limit, List<Host> items) {
    public HostPage {
        items = List.copyOf(items);
    }
}
