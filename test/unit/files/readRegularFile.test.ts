import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { ToolError } from '../../../src/errors';
import { readRegularFile } from '../../../src/files/readRegularFile';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// What is not a regular file is refused before it is opened: opening a device may already do something, and a device
// without a driver answers the open itself with ENXIO, which told the user nothing.

describe('readRegularFile', () => {
  let sandbox: Sandbox;
  const unreadable = (reason: string) => new ToolError('ConfigFileUnreadable', `Cannot read the file: ${reason}.`);
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.cleanup());

  test('a device whose driver is absent (major 240, reserved for local use): named as a device, not "ENXIO" from opening it', () => {
    const device = sandbox.path('no-driver');
    execFileSync('mknod', [device, 'c', '240', '0']);
    expect(() => readRegularFile(device, unreadable)).toThrow('Cannot read the file: it is a device, not a regular file.');
    // Through a link the same: the link is followed by the look before the open.
    const link = sandbox.path('link-to-it');
    fs.symlinkSync(device, link);
    expect(() => readRegularFile(link, unreadable)).toThrow('Cannot read the file: it is a device, not a regular file.');
  });

  test('with noFollow a link is refused as a link, a named pipe as a pipe, a folder as a folder; a regular file is read', () => {
    const file = sandbox.write('plain', 'text\n');
    expect(readRegularFile(file, unreadable, { noFollow: true })?.toString()).toBe('text\n');
    const link = sandbox.path('link');
    fs.symlinkSync(file, link);
    expect(() => readRegularFile(link, unreadable, { noFollow: true })).toThrow('Cannot read the file: it is a symbolic link.');
    const fifo = sandbox.path('fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readRegularFile(fifo, unreadable)).toThrow('Cannot read the file: it is a named pipe, not a regular file.');
    expect(() => readRegularFile(sandbox.home, unreadable)).toThrow('Cannot read the file: it is a folder.');
    expect(readRegularFile(sandbox.path('absent'), unreadable)).toBeUndefined();
  });

  test('a null device made in the test folder reads as empty where that is asked for, and is refused where it is not', () => {
    const nul = sandbox.path('null');
    execFileSync('mknod', [nul, 'c', '1', '3']);
    expect(readRegularFile(nul, unreadable, { nullDeviceIsEmpty: true })).toEqual(Buffer.alloc(0));
    expect(() => readRegularFile(nul, unreadable, { nullDeviceIsEmpty: false })).toThrow('it is a device, not a regular file');
  });
});
