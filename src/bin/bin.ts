#!/usr/bin/env node
import { main } from './main';
import { runAsProcess } from './processIo';

runAsProcess(main);
