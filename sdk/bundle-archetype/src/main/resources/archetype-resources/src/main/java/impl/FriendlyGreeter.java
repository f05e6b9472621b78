package ${package}.impl;

import ${package}.api.Greeter;

/** The feature itself. */
final class FriendlyGreeter implements Greeter {

    @Override
    public String greet(String name) {
        return "Hello, " + name + "!";
    }
}
