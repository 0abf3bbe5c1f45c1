package io.hamok.tck;

import javax.management.MBeanServer;
import javax.management.MBeanServerBuilder;
import javax.management.MBeanServerDelegate;

/**
 * The platform MBean server the TCK inspects, with the agent id named by
 * {@code org.jsr107.tck.management.agentId}.
 */
public final class TckMBeanServerBuilder extends MBeanServerBuilder {
    @Override
    public MBeanServer newMBeanServer(String defaultDomain, MBeanServer outer, MBeanServerDelegate delegate) {
        return super.newMBeanServer(defaultDomain, outer, new AgentIdDelegate());
    }

    private static final class AgentIdDelegate extends MBeanServerDelegate {
        @Override
        public String getMBeanServerId() {
            return System.getProperty("org.jsr107.tck.management.agentId", super.getMBeanServerId());
        }
    }
}
