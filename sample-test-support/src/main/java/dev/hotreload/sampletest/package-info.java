/**
 * What the sample applications' tests share: real clients (raw HTTP/1.1 connections,
 * pooled idle clients, Debian's load tools) that see every failure for real.
 */
package dev.hotreload.sampletest;
