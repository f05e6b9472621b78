package io.patchbay.agent.impl.report;

import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.FeedbackReply;
import io.patchbay.agent.impl.device.Messages.FeedbackRequest;

/** Sends one install report, signed as the enrolled client; returns only when the server accepted it (202). */
@FunctionalInterface
public interface FeedbackSender {
    FeedbackReply send(FeedbackRequest request) throws DeviceException;
}
