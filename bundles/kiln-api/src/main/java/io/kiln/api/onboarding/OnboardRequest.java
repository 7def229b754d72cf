package io.kiln.api.onboarding;

import java.util.List;
import java.util.Map;

/**
 * A machine asking to be onboarded ({@code POST /api/v1/onboard}).
 *
 * @param uuid    SMBIOS system UUID, or null
 * @param serial  chassis serial, or null
 * @param macs    the machine's MAC addresses (at least one)
 * @param token   the enrollment token from its boot script, or null
 * @param csr     PKCS#10 certificate request, PEM
 * @param facts   discovered hardware facts (flat keys, see PROTOCOL.md)
 * @param address the address the request came from (for operators)
 */
public record OnboardRequest(String uuid, String serial, List<String> macs, String token, String csr,
                             Map<String, String> facts, String address) {
    public OnboardRequest {
        macs = macs == null ? List.of() : List.copyOf(macs);
        facts = facts == null ? Map.of() : Map.copyOf(facts);
    }
}
