#!/usr/bin/python3
"""Drives the Redfish test service with Debian's python3-sushy (OpenStack Ironic's Redfish library).

Usage: sushy_client.py BASE_URL USER PASSWORD VERIFY IMAGE_URI
  VERIFY: "false" (no certificate check) or the path of the PEM certificate to trust.
Prints one JSON object per line ({"step": ..., ...}) for RedfishClientsTest to assert on; exits 0 after "done".
A sushy exception in a step is printed as {"step": ..., "error": "<class name>", "message": ...} and ends the run.
"""
import json
import sys
import time

import sushy

SYSTEM = '/redfish/v1/Systems/437XR1138R2'
MANAGER = '/redfish/v1/Managers/BMC'


def emit(step, **fields):
    fields['step'] = step
    print(json.dumps(fields, default=str), flush=True)


def value(v):
    """sushy returns enums; the JSON lines carry their Redfish strings."""
    return getattr(v, 'value', v)


def main():
    base_url, user, password, verify, image_uri = sys.argv[1:6]
    verify = False if verify == 'false' else verify
    step = 'connect'
    try:
        conn = sushy.Sushy(base_url, username=user, password=password, verify=verify)
        emit(step, redfish_version=conn.redfish_version, uuid=conn.uuid)

        step = 'system'
        system = conn.get_system(SYSTEM)
        emit(step, identity=system.identity, power_state=value(system.power_state),
             reset_values=sorted(value(v) for v in system.get_allowed_reset_system_values()))

        step = 'reset_force_off'
        system.reset_system(sushy.ResetType.FORCE_OFF)
        system.refresh()
        emit(step, power_state=value(system.power_state))

        step = 'reset_on'
        system.reset_system(sushy.ResetType.ON)
        system.refresh()
        emit(step, power_state=value(system.power_state))

        step = 'refused_reset'
        try:
            system.reset_system(sushy.ResetType.FORCE_RESTART)
            emit(step, accepted=True)
        except sushy.exceptions.InvalidParameterValueError as e:
            emit(step, accepted=False, error=type(e).__name__)

        step = 'boot'
        system.set_system_boot_options(sushy.BootSource.PXE,
                                       enabled=sushy.BootSourceOverrideEnabled.ONCE,
                                       mode=sushy.BootSourceOverrideMode.UEFI)
        system.refresh()
        emit(step, target=value(system.boot.target), enabled=value(system.boot.enabled),
             mode=value(system.boot.mode))

        step = 'boot_after_reset'
        # a BMC that takes Boot through a settings object (@Redfish.Settings) applies it at the next reset
        system.reset_system(sushy.ResetType.GRACEFUL_RESTART)
        system.refresh()
        emit(step, target=value(system.boot.target), enabled=value(system.boot.enabled),
             mode=value(system.boot.mode), power_state=value(system.power_state))

        step = 'virtual_media_insert'
        manager = conn.get_manager(MANAGER)
        media = manager.virtual_media.get_member(MANAGER + '/VirtualMedia/CD1')
        media.insert_media('http://127.0.0.1:9/boot.iso', inserted=True, write_protected=True)
        media.refresh()
        emit(step, image=media.image, inserted=media.inserted)

        step = 'virtual_media_eject'
        media.eject_media()
        media.refresh()
        emit(step, image=media.image, inserted=media.inserted)

        step = 'firmware_before'
        updates = conn.get_update_service()
        emit(step, versions={f.identity: f.version for f in updates.firmware_inventory.get_members()})

        step = 'simple_update'
        monitor = updates.simple_update(image_uri, transfer_protocol=sushy.UpdateTransferProtocolType.HTTP)
        polls = 0
        while monitor.check_is_processing:
            polls += 1
            time.sleep(min(float(monitor.sleep_for), 0.5))
        task = monitor.get_task()
        emit(step, monitor=monitor.task_monitor_uri, polls=polls, task_state=value(task.task_state),
             percent=task.percent_complete, messages=[m.message for m in task.messages])

        step = 'firmware_after'
        inventory = updates.firmware_inventory
        inventory.refresh()
        emit(step, versions={f.identity: f.version for f in inventory.get_members()})
    except sushy.exceptions.SushyError as e:
        emit(step, error=type(e).__name__, message=str(e))
        return 1
    emit('done')
    return 0


if __name__ == '__main__':
    sys.exit(main())
