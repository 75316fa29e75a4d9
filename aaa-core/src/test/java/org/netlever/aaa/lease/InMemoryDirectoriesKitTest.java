package org.netlever.aaa.lease;

import java.util.List;
import org.netlever.aaa.tck.DirectoryCompatibilityKit;
import org.netlever.device.Device;
import org.netlever.device.InMemoryDeviceDirectory;

/** The in-memory device and subscriber directories pass the directory compatibility kit (S1.5-S1.7). */
class InMemoryDirectoriesKitTest extends DirectoryCompatibilityKit {

    @Override
    protected Directories load(List<Device> devices, List<Binding> bindings) {
        InMemorySubscriberDirectory subscribers = new InMemorySubscriberDirectory();
        bindings.forEach(b -> subscribers.bind(b.deviceId(), b.subscriber()));
        return new Directories(InMemoryDeviceDirectory.of(devices.toArray(Device[]::new)), subscribers);
    }
}
