package io.patchbay.sample.host.impl.json;

import java.util.List;

/**
 * The JSON body of {@code POST /patches}: absolute paths of the bundle jars that form one patch.
 *
 * @param files          absolute paths on the host's machine
 * @param label          optional name for reports; defaults to the file names
 * @param allowDowngrade optional; lets a bundle go to a lower version than the committed one
 */
public record PatchRequestBody(List<String> files, String label, Boolean allowDowngrade) {
}
