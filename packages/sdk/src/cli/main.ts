console.log('kamkit');
