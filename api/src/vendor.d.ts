declare module 'vt-pbf'
